"""The composition root: the only place that reads settings into clients and closes them, one
module per runtime.
"""
