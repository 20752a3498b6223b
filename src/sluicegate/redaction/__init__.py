"""Finding and masking personal data in free text, and scoring how well it is done."""
