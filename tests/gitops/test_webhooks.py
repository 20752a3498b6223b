"""The control-plane port derivation over small object builders."""

from __future__ import annotations

import pytest

from sluicegate.gitops.webhooks import WebhookError, targets, webhook_ports


def _webhook(service: str, namespace: str = "ns", port: int | None = None, kind="Validating"):
    ref = {"name": service, "namespace": namespace, "path": "/v"}
    if port is not None:
        ref["port"] = port
    return {
        "apiVersion": "admissionregistration.k8s.io/v1",
        "kind": f"{kind}WebhookConfiguration",
        "metadata": {"name": f"{service}-hooks"},
        "webhooks": [{"name": f"{service}.example.com", "clientConfig": {"service": ref}}],
    }


def _service(name: str, target, port: int = 443, namespace: str = "ns", selector=None):
    entry = {"port": port} if target is None else {"port": port, "targetPort": target}
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"selector": selector or {"app": name}, "ports": [{"port": 80}, entry]},
    }


def _deployment(app: str, ports: dict[str, int], namespace: str = "ns", kind="Deployment"):
    return {
        "apiVersion": "apps/v1",
        "kind": kind,
        "metadata": {"name": app, "namespace": namespace},
        "spec": {
            "template": {
                "metadata": {"labels": {"app": app, "tier": "x"}},
                "spec": {
                    "containers": [
                        {
                            "name": "c",
                            "ports": [{"name": n, "containerPort": p} for n, p in ports.items()],
                        }
                    ]
                },
            }
        },
    }


def test_a_numeric_target_port():
    assert webhook_ports({"a": [_webhook("hook"), _service("hook", 9443)]}) == (9443,)


def test_a_named_target_port_resolves_through_the_selected_workload():
    objects = [
        _webhook("hook"),
        _service("hook", "https"),
        _deployment("hook", {"https": 10250, "metrics": 9402}),
        _deployment("other", {"https": 7443}),  # not selected
    ]
    assert webhook_ports({"a": objects}) == (10250,)


def test_the_service_port_defaults_to_443_and_the_target_to_the_port():
    objects = [_webhook("hook", port=8443), _service("hook", None, port=8443)]
    assert webhook_ports({"a": objects}) == (8443,)


def test_services_are_found_across_components():
    objects = {"a": [_webhook("hook", kind="Mutating")], "b": [_service("hook", 4443)]}
    assert [(t.caller.component, t.target_port) for t in targets(objects)] == [("a", 4443)]


def test_crd_conversion_and_apiservice_callers_count():
    crd = {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "things.example.com"},
        "spec": {
            "conversion": {
                "strategy": "Webhook",
                "webhook": {
                    "clientConfig": {"service": {"name": "conv", "namespace": "ns", "path": "/c"}}
                },
            }
        },
    }
    api = {
        "apiVersion": "apiregistration.k8s.io/v1",
        "kind": "APIService",
        "metadata": {"name": "v1beta1.metrics.k8s.io"},
        "spec": {"service": {"name": "metrics", "namespace": "ns", "port": 443}},
    }
    objects = [crd, api, _service("conv", 9443), _service("metrics", 4443)]
    assert webhook_ports({"a": objects}) == (4443, 9443)


def test_a_url_webhook_and_a_none_conversion_need_no_port():
    hook = _webhook("x")
    hook["webhooks"][0]["clientConfig"] = {"url": "https://hooks.example.com/v"}
    crd = {
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "c"},
        "spec": {"conversion": {"strategy": "None"}},
    }
    assert webhook_ports({"a": [hook, crd]}) == ()


@pytest.mark.parametrize(
    ("objects", "reason"),
    [
        ([_webhook("hook")], "no such Service in the tree"),
        ([_webhook("hook"), _service("hook", 9443, namespace="elsewhere")], "no such Service"),
        ([_webhook("hook", port=8443), _service("hook", 9443)], "the Service has no port 8443"),
        (
            [_webhook("hook"), _service("hook", "https"), _deployment("hook", {"http": 80})],
            "targetPort 'https' names no container port",
        ),
    ],
)
def test_an_unresolvable_call_is_an_error_naming_it(objects, reason):
    with pytest.raises(WebhookError) as caught:
        webhook_ports({"a": objects})
    message = str(caught.value)
    assert message.startswith(
        "a: ValidatingWebhookConfiguration/hook-hooks hook.example.com -> ns/hook:"
    )
    assert reason in message, message
