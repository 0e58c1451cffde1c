#include "widgets/coldstarts/coldstartmodel.h"

#include "backend/fleet/coldstartstats.h"
#include "backend/fleet/fleet.h"
#include "widgets/coldstarts/durationtext.h"
#include "widgets/coldstarts/phasecolours.h"

#include <QFont>
#include <QSet>

#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace gantry {

using fleet::ColdStart;
using StartPtr = std::shared_ptr<const ColdStart>;

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

/// Pods are keyed by uid; a start without one (should not happen) by its name.
std::string startKey(const ColdStart &start)
{
    return start.podUid.empty() ? start.podNamespace + '/' + start.podName : start.podUid;
}

bool sameStats(const std::optional<fleet::PhaseStats> &a, const std::optional<fleet::PhaseStats> &b)
{
    if (a.has_value() != b.has_value())
        return false;
    return !a || (a->count == b->count && a->p50 == b->p50 && a->p95 == b->p95 && a->max == b->max);
}

} // namespace

struct ColdStartModel::ServiceRow
{
    QString key, namespaceName, name;
    std::vector<StartPtr> starts;
    std::optional<fleet::PhaseStats> total; ///< over completed starts; nullopt when none
    int row = 0;
};

struct ColdStartModel::Desired
{
    QString key, namespaceName, name;
    std::string inferenceService, podNamespace;
    std::vector<StartPtr> starts;
    std::optional<fleet::PhaseStats> total;
    bool present = false; ///< a row for it exists already
};

namespace {

template<typename Row>
bool servicesOrdered(const Row &a, const Row &b)
{
    return std::tie(a.name, a.namespaceName) < std::tie(b.name, b.namespaceName);
}

} // namespace

ColdStartModel::ColdStartModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

ColdStartModel::~ColdStartModel() = default;

void ColdStartModel::setSnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot)
{
    if (!snapshot) {
        setColdStarts(nullptr, SystemTime{});
        return;
    }
    setColdStarts(snapshot->coldStarts, snapshot->at);
}

void ColdStartModel::setColdStarts(std::shared_ptr<const fleet::ColdStartsSnapshot> coldStarts, SystemTime at)
{
    const bool nowMoved = at != m_at;
    m_at = at;
    if (coldStarts == m_coldStarts && !nowMoved)
        return;

    // Group the wanted starts by service, in display order.
    std::vector<Desired> desired;
    {
        // Views into the snapshot: tens of thousands of starts, no string copied per start.
        std::map<std::pair<std::string_view, std::string_view>, std::size_t> byService;
        std::map<std::pair<std::string_view, std::string_view>, const fleet::ColdStartStats *> statsOf;
        if (coldStarts) {
            for (const fleet::ColdStartStats &stats : coldStarts->stats) {
                if (!stats.inferenceService.empty() && stats.total.count > 0)
                    statsOf.emplace(std::make_pair(std::string_view(stats.namespaceName), std::string_view(stats.inferenceService)),
                                    &stats);
            }
            for (const StartPtr &start : coldStarts->starts) {
                if (!start)
                    continue;
                const auto id = std::make_pair(std::string_view(start->podNamespace), std::string_view(start->inferenceService));
                auto [it, inserted] = byService.emplace(id, desired.size());
                if (inserted) {
                    Desired service;
                    service.inferenceService = start->inferenceService;
                    service.podNamespace = start->podNamespace;
                    service.namespaceName = qs(start->podNamespace);
                    service.name = start->inferenceService.empty() ? tr("(no InferenceService)") : qs(start->inferenceService);
                    service.key = service.namespaceName + QLatin1Char('/') + qs(start->inferenceService);
                    desired.push_back(std::move(service));
                }
                desired[it->second].starts.push_back(start);
            }
        }
        for (Desired &service : desired) {
            std::stable_sort(service.starts.begin(), service.starts.end(), [](const StartPtr &a, const StartPtr &b) {
                return a->created < b->created;
            });
            std::vector<double> totals;
            for (const StartPtr &start : service.starts) {
                if (start->complete)
                    totals.push_back(start->totalSeconds(at));
            }
            // The backend's statistics cover its window; use them when present so
            // every page quotes the same figures, else compute from what is shown.
            bool fromStats = false;
            if (const auto stats = statsOf.find(std::make_pair(std::string_view(service.podNamespace),
                                                               std::string_view(service.inferenceService)));
                stats != statsOf.end()) {
                service.total = stats->second->total;
                fromStats = true;
            }
            if (!fromStats && !totals.empty())
                service.total = fleet::phaseStats(std::move(totals));
        }
        std::sort(desired.begin(), desired.end(), servicesOrdered<Desired>);
    }
    m_coldStarts = std::move(coldStarts);

    removeServices(desired);
    // Kept services keep their relative order (the sort key is their identity).
    std::size_t next = 0;
    for (Desired &wanted : desired) {
        if (next < m_services.size() && m_services[next]->key == wanted.key) {
            wanted.present = true;
            updateService(static_cast<int>(next), wanted, nowMoved);
            ++next;
        }
    }
    insertServices(desired);
    Q_EMIT snapshotApplied();
}

void ColdStartModel::removeServices(const std::vector<Desired> &desired)
{
    QSet<QString> wanted;
    for (const Desired &service : desired)
        wanted.insert(service.key);
    // From the end, so the rows of earlier runs stay valid.
    int last = static_cast<int>(m_services.size()) - 1;
    while (last >= 0) {
        if (wanted.contains(m_services[last]->key)) {
            --last;
            continue;
        }
        int first = last;
        while (first > 0 && !wanted.contains(m_services[first - 1]->key))
            --first;
        beginRemoveRows({}, first, last);
        m_services.erase(m_services.begin() + first, m_services.begin() + last + 1);
        renumber();
        endRemoveRows();
        last = first - 1;
    }
}

void ColdStartModel::updateService(int row, Desired &wanted, bool nowMoved)
{
    ServiceRow &service = *m_services[row];
    const QModelIndex parentIndex = index(row, 0);
    // Most services are untouched by a snapshot: the same start objects in the
    // same order. Then only starts in progress change, as the clock moves.
    if (wanted.starts == service.starts) {
        std::vector<int> changed;
        for (std::size_t i = 0; nowMoved && i < service.starts.size(); ++i) {
            if (!service.starts[i]->complete)
                changed.push_back(static_cast<int>(i));
        }
        emitRowRanges(parentIndex, changed);
        const bool statsChanged = !sameStats(service.total, wanted.total);
        service.total = wanted.total;
        if (statsChanged || !changed.empty())
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    std::unordered_map<std::string, std::size_t> wantedByKey;
    for (std::size_t i = 0; i < wanted.starts.size(); ++i)
        wantedByKey.emplace(startKey(*wanted.starts[i]), i);

    // 1. Removals, in contiguous runs from the end.
    bool removed = false;
    int last = static_cast<int>(service.starts.size()) - 1;
    while (last >= 0) {
        if (wantedByKey.count(startKey(*service.starts[last]))) {
            --last;
            continue;
        }
        int first = last;
        while (first > 0 && !wantedByKey.count(startKey(*service.starts[first - 1])))
            --first;
        beginRemoveRows(parentIndex, first, last);
        service.starts.erase(service.starts.begin() + first, service.starts.begin() + last + 1);
        endRemoveRows();
        removed = true;
        last = first - 1;
    }

    // 2. Kept starts normally keep their order (creation times do not change); if
    // they do not, move them with a layout change rather than a reset.
    std::vector<std::size_t> keptOrder;
    keptOrder.reserve(service.starts.size());
    for (const StartPtr &start : service.starts)
        keptOrder.push_back(wantedByKey.at(startKey(*start)));
    if (!std::is_sorted(keptOrder.begin(), keptOrder.end())) {
        Q_EMIT layoutAboutToBeChanged({QPersistentModelIndex(parentIndex)}, QAbstractItemModel::VerticalSortHint);
        std::vector<int> newRowOf(service.starts.size());
        std::vector<std::size_t> rank(keptOrder.size());
        for (std::size_t i = 0; i < rank.size(); ++i)
            rank[i] = i;
        std::stable_sort(rank.begin(), rank.end(), [&](std::size_t a, std::size_t b) { return keptOrder[a] < keptOrder[b]; });
        std::vector<StartPtr> reordered;
        for (std::size_t newRow = 0; newRow < rank.size(); ++newRow) {
            newRowOf[rank[newRow]] = static_cast<int>(newRow);
            reordered.push_back(service.starts[rank[newRow]]);
        }
        QModelIndexList from, to;
        for (const QModelIndex &persistent : persistentIndexList()) {
            if (persistent.internalPointer() == &service) {
                from.append(persistent);
                to.append(createIndex(newRowOf[persistent.row()], persistent.column(), &service));
            }
        }
        service.starts = std::move(reordered);
        changePersistentIndexList(from, to);
        Q_EMIT layoutChanged({QPersistentModelIndex(parentIndex)}, QAbstractItemModel::VerticalSortHint);
    }

    // 3. Changed starts (a new object) and starts in progress when now moved.
    std::vector<int> changed;
    for (std::size_t i = 0; i < service.starts.size(); ++i) {
        const StartPtr &incoming = wanted.starts[wantedByKey.at(startKey(*service.starts[i]))];
        if (incoming != service.starts[i] || (nowMoved && !incoming->complete)) {
            service.starts[i] = incoming;
            changed.push_back(static_cast<int>(i));
        }
    }
    emitRowRanges(parentIndex, changed);

    // 4. New starts, one insert per contiguous run. The kept starts are now a
    // subsequence of the wanted ones, in the same order.
    std::unordered_map<std::string, bool> kept;
    for (const StartPtr &start : service.starts)
        kept.emplace(startKey(*start), true);
    bool inserted = false;
    std::size_t position = 0;
    while (position < wanted.starts.size()) {
        if (kept.count(startKey(*wanted.starts[position]))) {
            ++position;
            continue;
        }
        std::size_t end = position;
        while (end < wanted.starts.size() && !kept.count(startKey(*wanted.starts[end])))
            ++end;
        beginInsertRows(parentIndex, static_cast<int>(position), static_cast<int>(end) - 1);
        service.starts.insert(service.starts.begin() + static_cast<std::ptrdiff_t>(position),
                              wanted.starts.begin() + static_cast<std::ptrdiff_t>(position),
                              wanted.starts.begin() + static_cast<std::ptrdiff_t>(end));
        endInsertRows();
        inserted = true;
        position = end;
    }

    // 5. The service row itself: its figures, and its summary while anything runs.
    const bool anyInProgress = std::any_of(service.starts.begin(), service.starts.end(), [](const StartPtr &s) { return !s->complete; });
    const bool statsChanged = !sameStats(service.total, wanted.total);
    service.total = wanted.total;
    if (statsChanged || removed || inserted || !changed.empty() || (nowMoved && anyInProgress))
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ColdStartModel::insertServices(std::vector<Desired> &desired)
{
    std::size_t position = 0;
    while (position < desired.size()) {
        if (desired[position].present) {
            ++position;
            continue;
        }
        std::size_t end = position;
        while (end < desired.size() && !desired[end].present)
            ++end;
        beginInsertRows({}, static_cast<int>(position), static_cast<int>(end) - 1);
        for (std::size_t i = position; i < end; ++i) {
            auto service = std::make_unique<ServiceRow>();
            service->key = desired[i].key;
            service->namespaceName = desired[i].namespaceName;
            service->name = desired[i].name;
            service->starts = std::move(desired[i].starts);
            service->total = desired[i].total;
            m_services.insert(m_services.begin() + static_cast<std::ptrdiff_t>(i), std::move(service));
        }
        renumber();
        endInsertRows();
        position = end;
    }
}

void ColdStartModel::renumber()
{
    for (std::size_t i = 0; i < m_services.size(); ++i)
        m_services[i]->row = static_cast<int>(i);
}

void ColdStartModel::emitRowRanges(const QModelIndex &parent, const std::vector<int> &rows)
{
    std::size_t i = 0;
    while (i < rows.size()) {
        std::size_t j = i;
        while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1)
            ++j;
        Q_EMIT dataChanged(index(rows[i], 0, parent), index(rows[j], ColumnCount - 1, parent));
        i = j + 1;
    }
}

const ColdStart *ColdStartModel::coldStart(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || !index.internalPointer())
        return nullptr;
    const auto *service = static_cast<const ServiceRow *>(index.internalPointer());
    if (index.row() < 0 || static_cast<std::size_t>(index.row()) >= service->starts.size())
        return nullptr;
    return service->starts[index.row()].get();
}

QModelIndex ColdStartModel::indexOfStart(const QString &podUid, int column) const
{
    const std::string uid = podUid.toStdString();
    for (const auto &service : m_services) {
        for (std::size_t i = 0; i < service->starts.size(); ++i) {
            if (startKey(*service->starts[i]) == uid)
                return createIndex(static_cast<int>(i), column, service.get());
        }
    }
    return {};
}

QModelIndex ColdStartModel::indexOfService(const QString &serviceKey, int column) const
{
    for (const auto &service : m_services) {
        if (service->key == serviceKey)
            return index(service->row, column);
    }
    return {};
}

int ColdStartModel::startCount() const
{
    int count = 0;
    for (const auto &service : m_services)
        count += static_cast<int>(service->starts.size());
    return count;
}

QModelIndex ColdStartModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid()) {
        if (static_cast<std::size_t>(row) >= m_services.size())
            return {};
        return createIndex(row, column, nullptr);
    }
    if (parent.internalPointer() || parent.row() < 0 || static_cast<std::size_t>(parent.row()) >= m_services.size())
        return {};
    ServiceRow *service = m_services[parent.row()].get();
    if (static_cast<std::size_t>(row) >= service->starts.size())
        return {};
    return createIndex(row, column, service);
}

QModelIndex ColdStartModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || !child.internalPointer())
        return {};
    const auto *service = static_cast<const ServiceRow *>(child.internalPointer());
    return createIndex(service->row, 0, nullptr);
}

int ColdStartModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return static_cast<int>(m_services.size());
    if (parent.internalPointer() || parent.column() != 0 || static_cast<std::size_t>(parent.row()) >= m_services.size())
        return 0;
    return static_cast<int>(m_services[parent.row()]->starts.size());
}

int ColdStartModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant ColdStartModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (const ColdStart *start = coldStart(index)) {
        if (role == ColdStartRole) {
            const auto *service = static_cast<const ServiceRow *>(index.internalPointer());
            return QVariant::fromValue(service->starts[index.row()]);
        }
        if (role == ServiceKeyRole)
            return static_cast<const ServiceRow *>(index.internalPointer())->key;
        return startData(*start, index.column(), role);
    }
    return serviceData(*m_services[index.row()], index.column(), role);
}

QVariant ColdStartModel::serviceData(const ServiceRow &service, int column, int role) const
{
    const auto inProgress = std::count_if(service.starts.begin(), service.starts.end(), [](const StartPtr &s) { return !s->complete; });
    switch (role) {
    case RowKindRole: return QVariant::fromValue(RowKind::Service);
    case ServiceKeyRole: return service.key;
    case SummaryRole: {
        QString text = startCountText(static_cast<long long>(service.starts.size()));
        if (service.total)
            text += tr(" · p50 %1 · p95 %2").arg(formatDuration(service.total->p50), formatDuration(service.total->p95));
        if (inProgress)
            text += tr(" · %n in progress", nullptr, static_cast<int>(inProgress));
        return text;
    }
    case SecondsRole:
        if (column == P50Column && service.total)
            return service.total->p50;
        if (column == P95Column && service.total)
            return service.total->p95;
        return {};
    case Qt::ToolTipRole:
        return service.namespaceName.isEmpty() ? service.name : QString(service.namespaceName + QLatin1Char('/') + service.name);
    case Qt::FontRole:
        if (column == NameColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn: return service.name;
        case StartsColumn: return static_cast<int>(service.starts.size());
        case P50Column: return service.total ? formatDuration(service.total->p50) : QStringLiteral("—");
        case P95Column: return service.total ? formatDuration(service.total->p95) : QStringLiteral("—");
        case StateColumn: return inProgress ? tr("%n in progress", nullptr, static_cast<int>(inProgress)) : QString();
        default: return {};
        }
    case Qt::TextAlignmentRole:
        if (column == StartsColumn || column == P50Column || column == P95Column)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default: return {};
    }
}

QVariant ColdStartModel::startData(const ColdStart &start, int column, int role) const
{
    switch (role) {
    case RowKindRole: return QVariant::fromValue(RowKind::Start);
    case PodUidRole: return qs(start.podUid);
    case CompleteRole: return start.complete;
    case SecondsRole: return column == TotalColumn ? QVariant(start.totalSeconds(m_at)) : QVariant();
    case Qt::FontRole:
        if (!start.complete && column == TotalColumn) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == TotalColumn && !start.complete)
            return tr("In progress: %1 since the pod was created").arg(formatDuration(start.totalSeconds(m_at)));
        if (column == NameColumn)
            return QString(qs(start.podNamespace) + QLatin1Char('/') + qs(start.podName));
        return {};
    case Qt::TextAlignmentRole:
        if (column == TotalColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn: return qs(start.podName);
        case NodeColumn: return start.node.empty() ? tr("not scheduled") : qs(start.node);
        case WeightSourceColumn: return start.weightSource.empty() ? tr("unknown") : qs(start.weightSource);
        case TotalColumn: return formatDuration(start.totalSeconds(m_at));
        case StateColumn: return start.complete ? tr("ready") : tr("in progress");
        default: return {};
        }
    default: return {};
    }
}

QVariant ColdStartModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Replica");
    case NodeColumn: return tr("Node");
    case WeightSourceColumn: return tr("Weights from");
    case StartsColumn: return tr("Starts");
    case TotalColumn: return tr("Total");
    case P50Column: return tr("p50");
    case P95Column: return tr("p95");
    case StateColumn: return tr("State");
    case TimelineColumn: return tr("Timeline");
    default: return {};
    }
}

} // namespace gantry
