"""EU visibility, as pure rules on plain values: which funding block a project shows
(`rules`), the emblem drawn from its official geometry (`emblem`), and the audit of a
built page's markup against what its record calls for (`audit`).

Below every stage: it imports only the vocabulary (generator.values), never a model."""
