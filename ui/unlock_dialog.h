#pragma once

#include <QDialog>
#include <functional>
#include <memory>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QThread;

namespace ferry::ui {

/// Asks for the passphrase of a profile at start. The passphrase is checked (key derivation
/// and a test open of the database) on a worker thread, so the window stays responsive; a
/// wrong passphrase shows an error and lets the user try again.
class UnlockDialog : public QDialog {
    Q_OBJECT

public:
    /// Checks a passphrase; runs on a worker thread. Returns an empty string when the
    /// passphrase opened the profile, otherwise the message to show.
    using Check = std::function<QString(const QString& passphrase)>;

    UnlockDialog(const QString& profileName, Check check, QWidget* parent = nullptr);
    ~UnlockDialog() override;

    /// Starts checking the passphrase; the dialog closes once it is right.
    void accept() override;
    /// Ignored while a check runs (the worker uses state the caller owns).
    void reject() override;

private:
    void checkFinished();
    void setBusy(bool busy);

    Check m_check;
    QLineEdit* m_passphrase = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    std::unique_ptr<QThread> m_worker;
    QString m_result;
};

} // namespace ferry::ui
