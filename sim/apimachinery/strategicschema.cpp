#include "sim/apimachinery/strategicschema.h"

#include <utility>

namespace gantry::sim {

namespace {

// Shorthands for the three shapes of patch metadata.
constexpr PatchField member(std::string_view name, const PatchSchema *type)
{
    return PatchField{name, type, false, {}};
}

constexpr PatchField keyedList(std::string_view name, std::string_view mergeKey, const PatchSchema *type = nullptr)
{
    return PatchField{name, type, true, mergeKey};
}

constexpr PatchField scalarList(std::string_view name)
{
    return PatchField{name, nullptr, true, {}};
}

// Transcribed from the patchStrategy/patchMergeKey tags of k8s.io/api core/v1,
// batch/v1 and apps/v1. Lists without tags, such as tolerations, taints,
// containerStatuses, args and command, are absent on purpose: they are replaced.

constexpr PatchField kObjectMetaFields[] = {
    scalarList("finalizers"),
    keyedList("ownerReferences", "uid"),
};
constexpr PatchSchema kObjectMeta{kObjectMetaFields};

constexpr PatchField kContainerFields[] = {
    keyedList("ports", "containerPort"),
    keyedList("env", "name"),
    keyedList("volumeMounts", "mountPath"),
    keyedList("volumeDevices", "devicePath"),
};
constexpr PatchSchema kContainer{kContainerFields};

constexpr PatchField kPodSpecFields[] = {
    keyedList("volumes", "name"),
    keyedList("initContainers", "name", &kContainer),
    keyedList("containers", "name", &kContainer),
    keyedList("ephemeralContainers", "name", &kContainer),
    keyedList("imagePullSecrets", "name"),
    keyedList("hostAliases", "ip"),
    keyedList("topologySpreadConstraints", "topologyKey"),
    keyedList("resourceClaims", "name"),
    keyedList("schedulingGates", "name"),
};
constexpr PatchSchema kPodSpec{kPodSpecFields};

constexpr PatchField kPodStatusFields[] = {
    keyedList("conditions", "type"),
    keyedList("podIPs", "ip"),
    keyedList("hostIPs", "ip"),
    keyedList("resourceClaimStatuses", "name"),
};
constexpr PatchSchema kPodStatus{kPodStatusFields};

// Namespace, PersistentVolumeClaim, Job, Deployment, … status: conditions by type.
constexpr PatchField kConditionsStatusFields[] = {
    keyedList("conditions", "type"),
};
constexpr PatchSchema kConditionsStatus{kConditionsStatusFields};

constexpr PatchField kPodTemplateSpecFields[] = {
    member("metadata", &kObjectMeta),
    member("spec", &kPodSpec),
};
constexpr PatchSchema kPodTemplateSpec{kPodTemplateSpecFields};

// Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController and Job specs.
constexpr PatchField kTemplatedSpecFields[] = {
    member("template", &kPodTemplateSpec),
};
constexpr PatchSchema kTemplatedSpec{kTemplatedSpecFields};

constexpr PatchField kJobTemplateSpecFields[] = {
    member("metadata", &kObjectMeta),
    member("spec", &kTemplatedSpec),
};
constexpr PatchSchema kJobTemplateSpec{kJobTemplateSpecFields};

constexpr PatchField kCronJobSpecFields[] = {
    member("jobTemplate", &kJobTemplateSpec),
};
constexpr PatchSchema kCronJobSpec{kCronJobSpecFields};

constexpr PatchField kNodeSpecFields[] = {
    scalarList("podCIDRs"),
};
constexpr PatchSchema kNodeSpec{kNodeSpecFields};

constexpr PatchField kNodeStatusFields[] = {
    keyedList("conditions", "type"),
    keyedList("addresses", "type"),
};
constexpr PatchSchema kNodeStatus{kNodeStatusFields};

constexpr PatchField kServiceSpecFields[] = {
    keyedList("ports", "port"),
};
constexpr PatchSchema kServiceSpec{kServiceSpecFields};

constexpr PatchField kPodFields[] = {
    member("metadata", &kObjectMeta),
    member("spec", &kPodSpec),
    member("status", &kPodStatus),
};
constexpr PatchField kNodeFields[] = {
    member("metadata", &kObjectMeta),
    member("spec", &kNodeSpec),
    member("status", &kNodeStatus),
};
constexpr PatchField kWorkloadFields[] = {
    member("metadata", &kObjectMeta),
    member("spec", &kTemplatedSpec),
    member("status", &kConditionsStatus),
};
constexpr PatchField kCronJobFields[] = {
    member("metadata", &kObjectMeta),
    member("spec", &kCronJobSpec),
};
constexpr PatchField kServiceFields[] = {
    member("metadata", &kObjectMeta),
    member("spec", &kServiceSpec),
    member("status", &kConditionsStatus),
};
constexpr PatchField kPodTemplateFields[] = {
    member("metadata", &kObjectMeta),
    member("template", &kPodTemplateSpec),
};
constexpr PatchField kConditionedFields[] = {
    member("metadata", &kObjectMeta),
    member("status", &kConditionsStatus),
};
constexpr PatchField kMetadataOnlyFields[] = {
    member("metadata", &kObjectMeta),
};

constexpr PatchSchema kPod{kPodFields};
constexpr PatchSchema kNode{kNodeFields};
constexpr PatchSchema kWorkload{kWorkloadFields};
constexpr PatchSchema kCronJob{kCronJobFields};
constexpr PatchSchema kService{kServiceFields};
constexpr PatchSchema kPodTemplate{kPodTemplateFields};
constexpr PatchSchema kConditioned{kConditionedFields};
constexpr PatchSchema kMetadataOnly{kMetadataOnlyFields};

constexpr std::pair<std::string_view, const PatchSchema *> kKinds[] = {
    {"Pod", &kPod},
    {"Node", &kNode},
    {"Namespace", &kConditioned},
    {"PersistentVolumeClaim", &kConditioned},
    {"Job", &kWorkload},
    {"CronJob", &kCronJob},
    {"Deployment", &kWorkload},
    {"ReplicaSet", &kWorkload},
    {"StatefulSet", &kWorkload},
    {"DaemonSet", &kWorkload},
    {"ReplicationController", &kWorkload},
    {"Service", &kService},
    {"PodTemplate", &kPodTemplate},
};

} // namespace

const PatchField *PatchSchema::field(std::string_view name) const
{
    for (const PatchField &candidate : fields) {
        if (candidate.name == name)
            return &candidate;
    }
    return nullptr;
}

const PatchSchema *patchSchemaForKind(std::string_view kind)
{
    for (const auto &[name, schema] : kKinds) {
        if (name == kind)
            return schema;
    }
    return &kMetadataOnly;
}

} // namespace gantry::sim
