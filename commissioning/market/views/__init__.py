"""Pages for the provider market, by what they are about. Thin: selectors read, services write,
predicates guard."""
