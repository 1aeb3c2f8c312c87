from collections.abc import Callable
from re import Match

def tokenize(
    text: str, start: int, end: int, match: Callable[[str, int, int], Match[str] | None]
) -> list[tuple[int, int]]: ...
