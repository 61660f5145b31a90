"""Pages for resources, by what they are about. Thin: selectors read, services write, predicates
guard."""
