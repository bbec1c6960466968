"""Application services: the station's workflows, async and free of Qt and HTTP."""
