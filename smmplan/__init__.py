"""smmplan: a docs-as-code content planner for social media teams."""

__version__ = "0.1.0"
