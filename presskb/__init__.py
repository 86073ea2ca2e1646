"""presskb"""
