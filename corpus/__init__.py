"""The corpus generator: fictional people rendered through real resume templates, each document
with an exact gold file, for every stage to learn from and be measured on (see corpus/README.md).

Nothing under src/ may import this package or copy its vocabularies: the analyst must generalise
from layouts, not remember the generator's names, companies, schools or skills.
"""
