#include "backend/kube/informerset.h"

namespace gantry::kube {

namespace {

bool namespaced(ObjectKind kind)
{
    switch (kind) {
    case ObjectKind::Pod:
    case ObjectKind::Event:
    case ObjectKind::InferenceService:
    case ObjectKind::Job:
        return true;
    case ObjectKind::Node:
    case ObjectKind::LocalModelCache:
    case ObjectKind::MachineSet:
        return false;
    }
    return false;
}

} // namespace

std::vector<ObjectKind> InformerSetOptions::allObjectKinds()
{
    return {ObjectKind::Node,      ObjectKind::Pod,        ObjectKind::Event,          ObjectKind::InferenceService,
            ObjectKind::Job,       ObjectKind::LocalModelCache, ObjectKind::MachineSet};
}

InformerSet::InformerSet(std::shared_ptr<RestClient> client, ObjectStore &store, InformerSetOptions options)
    : m_store(store)
{
    for (ObjectKind kind : options.kinds) {
        ResourceRef resource = informerResource(kind);
        if (namespaced(kind))
            resource.namespaceName = options.namespaceName;
        auto informer = std::make_unique<Informer>(client, kind, resource, store, options.informer);
        informer->setStateHandler([this, kind](const InformerStatus &status) {
            {
                // The lock orders the wake-up after the informer's own state change.
                std::lock_guard lock(m_mutex);
            }
            m_changed.notify_all();
            if (m_stateHandler)
                m_stateHandler(kind, status);
        });
        m_informers.push_back(std::move(informer));
    }
}

InformerSet::~InformerSet()
{
    stop();
}

void InformerSet::setStateHandler(StateHandler handler)
{
    m_stateHandler = std::move(handler);
}

void InformerSet::start()
{
    for (auto &informer : m_informers)
        informer->start();
}

void InformerSet::stop()
{
    // Cancel all first, then join: stopping one by one would wait for each in turn.
    std::vector<std::thread> joins;
    for (auto &informer : m_informers)
        joins.emplace_back([&informer] { informer->stop(); });
    for (auto &join : joins)
        join.join();
    m_changed.notify_all();
}

std::vector<KindStatus> InformerSet::status() const
{
    std::vector<KindStatus> result;
    result.reserve(m_informers.size());
    for (const auto &informer : m_informers)
        result.push_back({informer->kind(), informer->status(), m_store.size(informer->kind())});
    return result;
}

bool InformerSet::settled(const InformerStatus &status)
{
    return status.lists > 0 || status.state == InformerState::Forbidden
        || status.state == InformerState::NotInstalled;
}

bool InformerSet::synced() const
{
    for (const auto &informer : m_informers) {
        if (!settled(informer->status()))
            return false;
    }
    return true;
}

bool InformerSet::waitSynced(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(lock, timeout, [this] { return synced(); });
}

} // namespace gantry::kube
