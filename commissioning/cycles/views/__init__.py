"""Pages for commissioning cycles, by what they are about. Thin: selectors read, services write,
predicates guard."""
