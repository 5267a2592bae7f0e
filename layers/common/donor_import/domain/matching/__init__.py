"""The matching engine's pure domain: a row's match keys, scored candidates, and the decision for each row."""
