"""A purchaser's ownership (所有制性质): the bureau's list, which the national administrator
extends; each registration says its firm's, and the roll-ups count deals by it."""
