#pragma once

#include "util/result.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QMessageBox;
class QPushButton;
class QStackedWidget;

namespace ferry::ui {

class EngineAdapter;
class LinkSharePanel;
class QrCodeWidget;

/// "My address": the long-lived link anyone can use to ask to become a contact. Loads it when
/// first shown; without one explains it and offers to create it; with one shows its QR code,
/// the link, Copy link, Save image… and Delete address… (after a confirmation).
class AddressDialog : public QDialog {
    Q_OBJECT

public:
    enum class State { Idle, Loading, None, Creating, Ready, Deleting, Failed };

    AddressDialog(EngineAdapter& adapter, QWidget* parent = nullptr);

    State state() const { return m_state; }
    /// The address link; empty when there is none (yet).
    QString link() const;
    QrCodeWidget* qrCode() const;
    /// Why the last operation failed (shown in the dialog); empty otherwise.
    QString problem() const;
    /// The open "Delete address?" confirmation, if any.
    QMessageBox* deleteConfirmation() const;

public slots:
    void reload();
    void createAddress();
    /// Asks for confirmation (non-blocking), then deletes.
    void confirmDelete();
    /// Deletes without asking.
    void deleteAddress();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void buildPages();
    void onLoaded(const QString& link);
    void onDeleted();
    enum class Operation { Load, Create, Delete };
    void onFailed(Operation operation, const core::Error& error);
    void retry();
    void setBusy(State state, const QString& text);
    void setState(State state);
    bool busy() const;

    EngineAdapter& m_adapter;
    State m_state = State::Idle;
    Operation m_failedOperation = Operation::Load;
    QStackedWidget* m_pages;
    QWidget* m_busyPage;
    QWidget* m_nonePage;
    QWidget* m_readyPage;
    QWidget* m_failedPage;
    QLabel* m_busyLabel;
    LinkSharePanel* m_share;
    QPushButton* m_create;
    QPushButton* m_delete;
    QLabel* m_problem;
    QPushButton* m_retry;
    QPointer<QMessageBox> m_confirmation;
};

} // namespace ferry::ui
