"""Every external system, named by the role it plays: one module per port family."""
