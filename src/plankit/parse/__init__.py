"""Reading, normalising, splitting documents and finding headings."""
