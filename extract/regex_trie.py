"""One regex for a set of words, factored as a trie ("sa(?:id|ys|gte)…"): the regex engine
then rejects a position after one character test instead of one per word, and at each
position the longer word is tried first. Used by the date patterns and the speech cues."""
from __future__ import annotations

import re
from typing import Callable, Iterable


def trie_pattern(words: Iterable[str], unit: Callable[[str], str] = re.escape) -> str:
    """A regex (no group of its own to capture) matching any of ``words``; ``unit`` turns
    each character into its pattern (escaped by default)."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [unit(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)
