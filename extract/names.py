"""The first-name list shared by the entity rules and quote attribution."""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)
FIRST_NAMES_FILE = Path(__file__).parent / "data" / "first_names.txt"


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """First names of ``data/first_names.txt`` (from Faker's name lists, see its header)."""
    try:
        lines = FIRST_NAMES_FILE.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        log.error("cannot read the first-name list %s: %s; people rules run without it", FIRST_NAMES_FILE, error)
        return frozenset()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


# Family names that come first in Chinese, Korean and Vietnamese names ("Chen Qigang",
# "Han Seo-yeon", "Nguyen Thi Anh"): the most common romanised forms (pinyin, older
# spellings, Korean and Vietnamese conventions). Words that are also common English or
# German words ("He", "Long", "Song", "Man", "Young") are left out: a model that tags
# one of them alone as a person is not made to swallow the next word.
FAMILY_NAMES_FIRST = frozenset("""
    Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Zhu Gao Lin Guo Luo Zheng Liang
    Xie Tang Han Cao Deng Feng Zeng Peng Xiao Cai Pan Tian Dong Yuan Jiang Ye Du Su Wei
    Cheng Lu Ding Shen Ren Yao Lu Jin Qian Fu Zou Xiong Meng Qin Bai Yan Xue Hou Lei Duan
    Hao Kong Shao Mao Wan Gu Lai Wen Qiu Xiang Chang Yin Niu Zhong Tan Jia Fan Fang Shi Mo
    Chan Cheung Leung Wong Chow Tsang Ng Yeung Lau Kwok Ho Tse Fung Kwan Chiu Tsai Hsu Chou
    Kim Lee Park Choi Jung Jeong Kang Cho Yoon Yun Jang Lim Shin Seo Kwon Hwang Ahn Oh Jeon
    Hong Ko Moon Yang Son Bae Baek Heo Nam Noh Ha Kwak Sung Cha Yoo Ryu Woo Jo Byun Chung
    Nguyen Tran Le Pham Hoang Huynh Phan Vu Vo Dang Bui Do Ngo Duong Ly Truong Dinh
""".split())
