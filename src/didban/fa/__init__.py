"""Persian resources kept as data: character tables and lexicons."""
