#pragma once

#include "backend/actions/actioncontext.h"
#include "backend/actions/scaleaction.h"
#include "widgets/noticebar.h"
#include "widgets/scaling/scalingguidance.h"

#include <QDialog>

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>

class QLabel;
class QPushButton;

namespace gantry::fleet {
struct FleetSnapshot;
}

namespace gantry {

class ScaleController;
class ScalingForm;
struct ScaleOutcome;

/// Changes the scaling of one InferenceService. Reads the object (for its
/// resourceVersion and declared values), shows each setting's current value
/// beside the new one, the problems with the new values in words beside their
/// fields (from the backend's planning, on every edit), and the exact diff
/// Apply will send. Apply and "Revert last change" run off the UI thread; a
/// concurrent change by someone else comes back as a conflict and nothing is
/// overwritten. Snapshots add the policy's sources and guidance beside the
/// target: what one replica has handled and how long a new one takes to serve.
class ScalingDialog : public QDialog
{
    Q_OBJECT

public:
    /// `action` may be shared between openings so "Revert last change" outlives one dialog.
    ScalingDialog(actions::ActionContext context, const QString &namespaceName, const QString &name,
                  std::shared_ptr<actions::ScaleAction> action = nullptr, QWidget *parent = nullptr);
    ~ScalingDialog() override;

    void applySnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot);
    /// Disables Apply and Revert, with `reason` as their tooltip; editing and the diff stay.
    void setReadOnly(bool readOnly, const QString &reason);
    /// Reads the object again, keeping what was typed.
    void reload();

    ScalingForm *form() const { return m_form; }
    QPushButton *applyButton() const { return m_apply; }
    QPushButton *revertButton() const { return m_revert; }
    QPushButton *reloadButton() const { return m_reload; }
    /// The diff as plain text, one "field: before → after" per line; the reason when there is none.
    QString diffText() const { return m_diffPlain; }
    QString statusText() const;
    bool busy() const;
    /// The object the plan is made against (empty before the first read).
    const nlohmann::json &object() const { return m_object; }

Q_SIGNALS:
    /// A scale or revert was stored; `summary` lists the changed fields.
    void changed(const QString &summary);

private:
    void replan();
    void showDiff();
    void updateButtons();
    void updateHeader();
    void setStatus(NoticeBar::Kind kind, const QString &text);
    /// Grows the window when wrapped text (guidance, problems, status) needs more height.
    void fitHeight();
    void onFinished(const ScaleOutcome &outcome);
    QString conflictText(const actions::ActionError &error, bool reverting) const;

    ScaleController *m_controller = nullptr;
    ScalingForm *m_form = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QLabel *m_diff = nullptr;
    NoticeBar *m_status = nullptr;
    QPushButton *m_apply = nullptr;
    QPushButton *m_revert = nullptr;
    QPushButton *m_reload = nullptr;
    nlohmann::json m_object;
    std::optional<actions::ScalePlan> m_plan;
    QString m_diffPlain;
    QString m_diffNote; ///< why there is no plan, when there is none
    bool m_readOnly = false;
    QString m_readOnlyReason;
    std::optional<ReplicaLoad> m_peak;
};

} // namespace gantry
