"""Serving the dashboard to many viewers: the proxy config (nginx/), Compose and Kubernetes
files (compose.yaml, k8s/), the runner of `make serve` (serve) and the sizing arithmetic
(sizing). Tooling above the app: nothing in dashboard/ imports it."""
