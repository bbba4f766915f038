"""Layer 1, base: what any layer may use and that knows nothing of this project's data.

The UI strings in both languages (`i18n`, reading `dashboard/strings/`), number and
money formatting with Korean units (`formatting`), currency conversion (`currency`),
safe file names and CSV cells (`safe`), and the one bounded cache (`cache`). Imports
nothing from the other layers.
"""
