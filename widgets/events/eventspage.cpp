#include "widgets/events/eventspage.h"

#include "backend/fleet/fleet.h"
#include "backend/fleet/notableevents.h"
#include "widgets/events/eventdetailpane.h"
#include "widgets/events/eventfilterproxy.h"
#include "widgets/events/eventitemdelegate.h"
#include "widgets/events/eventtablemodel.h"
#include "widgets/events/eventtimewindow.h"
#include "widgets/pools/cardframe.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QStackedLayout>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace gantry {

namespace {

constexpr fleet::EventCategory allCategories[] = {fleet::EventCategory::Scheduling, fleet::EventCategory::ScaleUp,
                                                  fleet::EventCategory::Crash,      fleet::EventCategory::Readiness,
                                                  fleet::EventCategory::ImagePull,  fleet::EventCategory::Storage,
                                                  fleet::EventCategory::Other};

QString capitalised(const char *text)
{
    QString result = QString::fromUtf8(text);
    if (!result.isEmpty())
        result[0] = result[0].toUpper();
    return result;
}

QString number(int value)
{
    return QLocale().toString(value);
}

} // namespace

EventsPage::EventsPage(QWidget *parent)
    : QWidget(parent)
    , m_model(new EventTableModel(this))
    , m_proxy(new EventFilterProxy(this))
{
    setObjectName(QStringLiteral("eventsPage"));
    const int unit = fontMetrics().height();
    m_proxy->setSourceModel(m_model);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("eventsTable"));
    m_table->setModel(m_proxy);
    m_table->setItemDelegate(new EventItemDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(EventTableModel::Time, Qt::DescendingOrder);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setIconSize(QSize(unit, unit));
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(unit * 3 / 2);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(true); // the message takes what is left
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->installEventFilter(this);

    auto *tableHost = new QWidget(this);
    m_tableStack = new QStackedLayout(tableHost);
    m_tableStack->addWidget(m_table);
    m_tableStack->addWidget(createNoMatchPanel());

    m_detail = new EventDetailPane(this);
    m_detail->setObjectName(QStringLiteral("eventDetail"));
    auto *detailCard = new CardFrame(this);
    auto *detailLayout = new QVBoxLayout(detailCard);
    const int inset = std::max(8, unit * 3 / 4);
    detailLayout->setContentsMargins(inset, inset, inset, inset / 2);
    detailLayout->addWidget(m_detail);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->addWidget(tableHost);
    m_splitter->addWidget(detailCard);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(unit / 2);
    layout->addWidget(createFilterBar());
    layout->addWidget(m_splitter, 1);

    connect(m_proxy, &EventFilterProxy::filtersApplied, this, &EventsPage::updateCount);
    connect(m_proxy, &EventFilterProxy::filtersApplied, this, &EventsPage::selectFirstIfNone);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &EventsPage::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &EventsPage::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &EventsPage::updateCount);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &EventsPage::updateDetail);
    // Filtering the selected row away must clear the detail too.
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &EventsPage::updateDetail);
    connect(m_table, &QAbstractItemView::doubleClicked, this, &EventsPage::activate);
    connect(m_detail, &EventDetailPane::objectActivated, this, &EventsPage::objectActivated);
    updateCount();
}

QWidget *EventsPage::createFilterBar()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(fontMetrics().height() * 3 / 4);

    m_filter = new QLineEdit(bar);
    m_filter->setObjectName(QStringLiteral("eventsFilter"));
    m_filter->setPlaceholderText(tr("Filter by reason, object or message; -word hides"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(fontMetrics().averageCharWidth() * 52);

    m_warningsOnly = new QCheckBox(tr("Warnings only"), bar);
    m_warningsOnly->setObjectName(QStringLiteral("warningsOnly"));

    m_category = new QComboBox(bar);
    m_category->setObjectName(QStringLiteral("eventCategory"));
    m_category->setToolTip(tr("Show one kind of event"));
    m_category->addItem(tr("All kinds"), -1);
    for (fleet::EventCategory category : allCategories)
        m_category->addItem(capitalised(fleet::eventCategoryName(category)), static_cast<int>(category));

    m_window = new QComboBox(bar);
    m_window->setObjectName(QStringLiteral("eventWindow"));
    m_window->setToolTip(tr("How far back to look. Gantry keeps events after the cluster expires them (an hour by default)."));
    for (int i = 0; i < eventtimewindow::windowCount; ++i)
        m_window->addItem(eventtimewindow::label(static_cast<eventtimewindow::Window>(i)), i);

    m_count = new QLabel(bar);
    m_count->setObjectName(QStringLiteral("eventsCount"));
    m_count->setForegroundRole(QPalette::PlaceholderText);

    layout->addWidget(m_filter, 1);
    layout->addWidget(m_warningsOnly);
    layout->addWidget(m_category);
    layout->addWidget(m_window);
    layout->addWidget(m_count);
    layout->addStretch(1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &EventFilterProxy::setFilterText);
    connect(m_filter, &QLineEdit::returnPressed, m_proxy, &EventFilterProxy::applyPendingFilter);
    connect(m_warningsOnly, &QCheckBox::toggled, m_proxy, &EventFilterProxy::setWarningsOnly);
    connect(m_category, &QComboBox::currentIndexChanged, this, [this](int index) {
        const int category = m_category->itemData(index).toInt();
        m_proxy->setCategory(category < 0 ? std::nullopt : std::optional(static_cast<fleet::EventCategory>(category)));
    });
    connect(m_window, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_proxy->setTimeWindow(static_cast<eventtimewindow::Window>(m_window->itemData(index).toInt()));
    });
    return bar;
}

QWidget *EventsPage::createNoMatchPanel()
{
    m_noMatch = new QWidget(this);
    m_noMatch->setObjectName(QStringLiteral("eventsNoMatch"));
    m_noMatchLabel = new QLabel(m_noMatch);
    m_noMatchLabel->setAlignment(Qt::AlignCenter);
    m_noMatchLabel->setWordWrap(true);
    m_noMatchLabel->setForegroundRole(QPalette::PlaceholderText);
    auto *showAll = new QPushButton(tr("Show all events"), m_noMatch);
    showAll->setObjectName(QStringLiteral("showAllEvents"));
    connect(showAll, &QPushButton::clicked, this, [this] {
        m_proxy->clearFilters();
        syncFilterControls();
    });
    auto *layout = new QVBoxLayout(m_noMatch);
    layout->addStretch(1);
    layout->addWidget(m_noMatchLabel);
    layout->addWidget(showAll, 0, Qt::AlignHCenter);
    layout->addStretch(2);
    return m_noMatch;
}

void EventsPage::syncFilterControls()
{
    const QSignalBlocker filterBlocker(m_filter);
    m_filter->setText(m_proxy->appliedFilterText());
    m_warningsOnly->setChecked(m_proxy->warningsOnly());
    const int category = m_proxy->category() ? static_cast<int>(*m_proxy->category()) : -1;
    m_category->setCurrentIndex(std::max(0, m_category->findData(category)));
    m_window->setCurrentIndex(std::max(0, m_window->findData(static_cast<int>(m_proxy->timeWindow()))));
}

QString EventsPage::emptyStateText() const
{
    if (!m_snapshot)
        return tr("Reading events from the cluster…");
    if (m_model->rowCount() == 0)
        return tr("No warnings or notable events since Gantry connected.\n"
                  "Every Warning and each scaling moment (node scale-ups, OOM kills, failed probes) will appear here. "
                  "The cluster itself forgets events after an hour, so older ones cannot be shown.");
    return {};
}

QString EventsPage::noMatchText() const
{
    if (m_model->rowCount() == 0 || m_proxy->rowCount() > 0)
        return {};
    QString subject = m_proxy->warningsOnly() ? tr("warnings") : tr("events");
    if (const auto category = m_proxy->category())
        subject = QString::fromUtf8(fleet::eventCategoryName(*category)) + QLatin1Char(' ') + subject;
    QString sentence = tr("No %1").arg(subject);
    if (!m_proxy->appliedFilterText().trimmed().isEmpty())
        sentence += QLatin1Char(' ') + tr("matching “%1”").arg(m_proxy->appliedFilterText().trimmed());
    const QString window = eventtimewindow::phrase(m_proxy->timeWindow());
    if (!window.isEmpty())
        sentence += QLatin1Char(' ') + window;
    const int hidden = m_model->rowCount();
    return sentence + QLatin1Char('.') + QLatin1Char('\n')
           + (hidden == 1 ? tr("1 event is hidden by the filters.") : tr("%1 events are hidden by the filters.").arg(number(hidden)));
}

void EventsPage::applySnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot)
{
    m_snapshot = snapshot;
    m_model->setSnapshot(snapshot);
    if (!m_columnsSized && m_model->rowCount() > 0)
        sizeColumns();
    if (!selectFirstIfNone())
        updateDetail(); // the relative time moved
    updateCount();
}

bool EventsPage::selectFirstIfNone()
{
    if (m_table->selectionModel()->hasSelection() || m_proxy->rowCount() == 0)
        return false;
    m_table->selectRow(0); // the newest when sorted by time; updates the detail through selectionChanged
    return true;
}

void EventsPage::sizeColumns()
{
    // Once, from the first rows: later snapshots must not make the columns jump.
    const QFontMetrics metrics = m_table->fontMetrics();
    const int pad = metrics.averageCharWidth() * 3;
    const auto atLeast = [&](int column, const QString &sample) {
        m_table->setColumnWidth(column, std::max(m_table->columnWidth(column), metrics.horizontalAdvance(sample) + pad));
    };
    m_table->horizontalHeader()->setResizeContentsPrecision(300);
    m_table->setColumnWidth(EventTableModel::Time, metrics.horizontalAdvance(QStringLiteral("59 min ago")) + pad);
    m_table->setColumnWidth(EventTableModel::Type, metrics.horizontalAdvance(QStringLiteral("Warning")) + m_table->iconSize().width() + pad);
    m_table->resizeColumnToContents(EventTableModel::Reason);
    atLeast(EventTableModel::Reason, QStringLiteral("FailedScheduling"));
    m_table->resizeColumnToContents(EventTableModel::Object);
    const int objectWidest = metrics.averageCharWidth() * 58;
    m_table->setColumnWidth(EventTableModel::Object, std::min(m_table->columnWidth(EventTableModel::Object) + pad / 2, objectWidest));
    atLeast(EventTableModel::Object, QStringLiteral("Pod research/qwen-predictor-00001"));
    m_table->setColumnWidth(EventTableModel::Count, metrics.horizontalAdvance(QStringLiteral("Count")) + pad);
    m_columnsSized = true;
}

QString EventsPage::selectedUid() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(EventTableModel::KeyRole).toString();
}

bool EventsPage::selectUid(const QString &uid)
{
    const int sourceRow = m_model->rowOfKey(uid.toStdString());
    if (sourceRow < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid())
        return false;
    m_table->selectRow(index.row());
    m_table->scrollTo(index);
    return true;
}

bool EventsPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            activate(m_table->currentIndex());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void EventsPage::activate(const QModelIndex &proxyIndex)
{
    if (!proxyIndex.isValid())
        return;
    const auto event = m_model->event(m_proxy->mapToSource(proxyIndex).row());
    if (!event || event->objectName.empty())
        return;
    Q_EMIT objectActivated(QString::fromStdString(event->objectKind), QString::fromStdString(event->objectNamespace),
                           QString::fromStdString(event->objectName));
}

void EventsPage::updateDetail()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const SystemTime now = m_model->now();
    if (rows.isEmpty()) {
        m_detail->setEvent(nullptr, now);
        return;
    }
    m_detail->setEvent(m_model->event(m_proxy->mapToSource(rows.first()).row()), now);
}

void EventsPage::updateCount()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    const QString events = total == 1 ? tr("1 event") : tr("%1 events").arg(number(total));
    if (shown != total) {
        m_count->setText(tr("%1 of %2").arg(number(shown), events));
    } else {
        const int warnings = m_model->warningCount();
        m_count->setText(events + QStringLiteral(" · ") + (warnings == 1 ? tr("1 warning") : tr("%1 warnings").arg(number(warnings))));
    }
    updateNoMatch();
}

void EventsPage::updateNoMatch()
{
    const QString text = noMatchText();
    m_noMatchLabel->setText(text);
    m_tableStack->setCurrentWidget(text.isEmpty() ? static_cast<QWidget *>(m_table) : m_noMatch);
}

} // namespace gantry
