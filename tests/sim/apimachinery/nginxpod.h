#pragma once

#include <nlohmann/json.hpp>

// tests/fixtures/pods/k8s-docs-nginx-deployment-running.pod.yaml as JSON: a real
// pod as the API server returns it, for the selector, patch and validation tests.
inline nlohmann::json nginxPod()
{
    static const nlohmann::json pod = nlohmann::json::parse(R"json(
{
 "apiVersion": "v1",
 "kind": "Pod",
 "metadata": {
  "creationTimestamp": "2022-02-17T21:51:01Z",
  "generateName": "nginx-deployment-67d4bdd6f5-",
  "labels": {
   "app": "nginx",
   "pod-template-hash": "67d4bdd6f5"
  },
  "name": "nginx-deployment-67d4bdd6f5-w6kd7",
  "namespace": "default",
  "ownerReferences": [
   {
    "apiVersion": "apps/v1",
    "blockOwnerDeletion": true,
    "controller": true,
    "kind": "ReplicaSet",
    "name": "nginx-deployment-67d4bdd6f5",
    "uid": "7d41dfd4-84c0-4be4-88ab-cedbe626ad82"
   }
  ],
  "resourceVersion": "1364",
  "uid": "a6501da1-0447-4262-98eb-c03d4002222e"
 },
 "spec": {
  "containers": [
   {
    "image": "nginx",
    "imagePullPolicy": "Always",
    "name": "nginx",
    "ports": [
     {
      "containerPort": 80,
      "protocol": "TCP"
     }
    ],
    "resources": {
     "limits": {
      "cpu": "500m",
      "memory": "128Mi"
     },
     "requests": {
      "cpu": "500m",
      "memory": "128Mi"
     }
    },
    "terminationMessagePath": "/dev/termination-log",
    "terminationMessagePolicy": "File",
    "volumeMounts": [
     {
      "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
      "name": "kube-api-access-bgsgp",
      "readOnly": true
     }
    ]
   }
  ],
  "dnsPolicy": "ClusterFirst",
  "enableServiceLinks": true,
  "nodeName": "kube-worker-1",
  "preemptionPolicy": "PreemptLowerPriority",
  "priority": 0,
  "restartPolicy": "Always",
  "schedulerName": "default-scheduler",
  "securityContext": {},
  "serviceAccount": "default",
  "serviceAccountName": "default",
  "terminationGracePeriodSeconds": 30,
  "tolerations": [
   {
    "effect": "NoExecute",
    "key": "node.kubernetes.io/not-ready",
    "operator": "Exists",
    "tolerationSeconds": 300
   },
   {
    "effect": "NoExecute",
    "key": "node.kubernetes.io/unreachable",
    "operator": "Exists",
    "tolerationSeconds": 300
   }
  ],
  "volumes": [
   {
    "name": "kube-api-access-bgsgp",
    "projected": {
     "defaultMode": 420,
     "sources": [
      {
       "serviceAccountToken": {
        "expirationSeconds": 3607,
        "path": "token"
       }
      },
      {
       "configMap": {
        "items": [
         {
          "key": "ca.crt",
          "path": "ca.crt"
         }
        ],
        "name": "kube-root-ca.crt"
       }
      },
      {
       "downwardAPI": {
        "items": [
         {
          "fieldRef": {
           "apiVersion": "v1",
           "fieldPath": "metadata.namespace"
          },
          "path": "namespace"
         }
        ]
       }
      }
     ]
    }
   }
  ]
 },
 "status": {
  "conditions": [
   {
    "lastProbeTime": null,
    "lastTransitionTime": "2022-02-17T21:51:01Z",
    "status": "True",
    "type": "Initialized"
   },
   {
    "lastProbeTime": null,
    "lastTransitionTime": "2022-02-17T21:51:06Z",
    "status": "True",
    "type": "Ready"
   },
   {
    "lastProbeTime": null,
    "lastTransitionTime": "2022-02-17T21:51:06Z",
    "status": "True",
    "type": "ContainersReady"
   },
   {
    "lastProbeTime": null,
    "lastTransitionTime": "2022-02-17T21:51:01Z",
    "status": "True",
    "type": "PodScheduled"
   }
  ],
  "containerStatuses": [
   {
    "containerID": "containerd://5403af59a2b46ee5a23fb0ae4b1e077f7ca5c5fb7af16e1ab21c00e0e616462a",
    "image": "docker.io/library/nginx:latest",
    "imageID": "docker.io/library/nginx@sha256:2834dc507516af02784808c5f48b7cbe38b8ed5d0f4837f16e78d00deb7e7767",
    "lastState": {},
    "name": "nginx",
    "ready": true,
    "restartCount": 0,
    "started": true,
    "state": {
     "running": {
      "startedAt": "2022-02-17T21:51:05Z"
     }
    }
   }
  ],
  "hostIP": "192.168.0.113",
  "phase": "Running",
  "podIP": "10.88.0.3",
  "podIPs": [
   {
    "ip": "10.88.0.3"
   },
   {
    "ip": "2001:db8::1"
   }
  ],
  "qosClass": "Guaranteed",
  "startTime": "2022-02-17T21:51:01Z"
 }
}
)json");
    return pod;
}
