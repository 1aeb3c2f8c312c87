RULES: tuple[str, ...]
CLASSES: tuple[str, ...]

def normalize(
    text: str, rules: bytes, after_join: bytes, with_offsets: bool, data: tuple[object, ...]
) -> tuple[str, list[tuple[int, int, int, int]] | None]: ...
def apply_rule(rule: int, text: str, data: tuple[object, ...]) -> tuple[str, list[tuple[int, int, int, int]]]: ...
def split_sentences(text: str, abbreviations: frozenset[str]) -> list[tuple[int, int]]: ...
def compose(
    segments: list[tuple[int, int, int, int]],
    n_len: int,
    r_len: int,
    edits: list[tuple[int, int, int, int]],
    new_len: int,
) -> list[tuple[int, int, int, int]]: ...
