"""vanban: Vietnamese administrative documents (Party HD 36, State ND 30) from structured records."""

__version__ = "0.1.0"
