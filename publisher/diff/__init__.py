"""The edition diff: what changed between two builds of an edition (`publisher diff`),
and the sign-off that gates the hand-off on it (`publisher approve`)."""
