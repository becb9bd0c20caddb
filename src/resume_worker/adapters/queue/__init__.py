"""Job queues: Dramatiq on Redis or RabbitMQ, and the broker readiness probe."""
