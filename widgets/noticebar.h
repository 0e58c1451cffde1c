#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace gantry {

/// A tinted strip with a sentence and at most one action: the dialog's way of
/// saying what happened (a dry run's answer) or what holds (read-only, the YAML
/// is in charge). Hidden while it has nothing to say.
class NoticeBar : public QWidget
{
    Q_OBJECT

public:
    enum class Kind { Info, Success, Warning, Error };
    Q_ENUM(Kind)

    explicit NoticeBar(QWidget *parent = nullptr);

    /// Shows `text` (plain); an empty text hides the bar.
    void setNotice(Kind kind, const QString &text);
    void clear();
    /// An action button at the end; an empty label removes it.
    void setAction(const QString &label);

    Kind kind() const { return m_kind; }
    QString text() const;

Q_SIGNALS:
    void actionTriggered();

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Kind m_kind = Kind::Info;
    QLabel *m_text = nullptr;
    QPushButton *m_action = nullptr;
};

} // namespace gantry
