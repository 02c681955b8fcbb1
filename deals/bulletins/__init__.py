"""What the leading group reads: bulletins to member units, the report up to the bureau,
member units reporting in, and the records the press quotes."""
