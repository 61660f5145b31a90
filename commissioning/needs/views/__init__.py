"""Pages for population needs, by what they are about. Thin: selectors read, services write,
predicates guard."""
