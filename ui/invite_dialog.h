#pragma once

#include "util/result.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QStackedWidget;

namespace ferry::ui {

class EngineAdapter;
class LinkSharePanel;
class QrCodeWidget;

/// "Invite someone": asks the engine for a one-time invitation when first shown, then shows
/// it as a large QR code with the link, Copy link, Save image… and a note that it works once.
class InviteDialog : public QDialog {
    Q_OBJECT

public:
    enum class State { Idle, Creating, Ready, Failed };

    InviteDialog(EngineAdapter& adapter, QWidget* parent = nullptr);

    State state() const { return m_state; }
    /// The invitation link; empty until it has been created.
    QString link() const;
    QrCodeWidget* qrCode() const;
    /// Why the invitation could not be made (shown in the dialog); empty otherwise.
    QString problem() const;

public slots:
    /// Asks for a new invitation (also what Try again does).
    void createInvitation();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void onCreated(const QString& link);
    void onFailed(const core::Error& error);
    void setState(State state);

    EngineAdapter& m_adapter;
    State m_state = State::Idle;
    QStackedWidget* m_pages;
    QWidget* m_creatingPage;
    QWidget* m_readyPage;
    QWidget* m_failedPage;
    LinkSharePanel* m_share;
    QLabel* m_problem;
    QPushButton* m_retry;
};

} // namespace ferry::ui
