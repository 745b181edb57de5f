"""The annotation sidebar: the shown article's highlights as cards, filters, orphans and the
note on the whole article."""
