#pragma once

#include <QDialog>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace ferry::ui {

/// Longest display name onboarding accepts, in characters.
inline constexpr int kMaxDisplayNameLength = 64;

/// A rough strength estimate of a passphrase: bits of entropy from its length and the kinds
/// of characters in it (repeated characters count for little). Only drives the hint text.
double estimatePassphraseBits(const QString& passphrase);
/// Below this the onboarding dialog warns that the passphrase is weak (it still accepts it).
inline constexpr double kWeakPassphraseBits = 50.0;

/// First run: the user picks a display name (the only thing that identifies them, shown only
/// to contacts), optionally the first relay, and, when there is no keychain, a passphrase
/// (typed twice, with a strength hint). With relay directories (setDirectories) it does not
/// ask for a relay: the directories provide them, so a name is all a new user types.
/// accept() shows what is wrong instead of closing until the input is valid.
class OnboardingDialog : public QDialog {
    Q_OBJECT

public:
    /// Where the new profile's database key will live; it decides what the dialog asks for.
    enum class KeyMode {
        Keychain,   ///< generated and kept in the OS keychain: nothing to ask
        Passphrase, ///< no keychain: ask for a passphrase and its confirmation
        KeyFile,    ///< given on the command line: nothing to ask
    };

    explicit OnboardingDialog(KeyMode mode, QWidget* parent = nullptr);

    KeyMode keyMode() const { return m_mode; }
    /// Trimmed display name.
    QString displayName() const;
    void setDisplayName(const QString& name);
    /// Trimmed relay address; empty when the user left it out.
    QString relayAddress() const;
    void setRelayAddress(const QString& address);
    /// The relay directories the new profile will use; with any, the relay field is hidden
    /// and a line says where relays come from instead.
    void setDirectories(const QStringList& directories);
    /// The passphrase (Passphrase mode only).
    QString passphrase() const;
    /// Shows a problem that came from outside the dialog (e.g. the keychain refused the key).
    void showError(const QString& message);

    /// Why `name` (already trimmed) cannot be a display name; empty if it can.
    static QString displayNameProblem(const QString& name);
    /// Why `address` (already trimmed, not empty) is not a relay address; empty if it is one.
    static QString relayAddressProblem(const QString& address);

    /// Validates the input; closes the dialog only when everything is acceptable.
    void accept() override;

private:
    void updateStrength();
    /// What is wrong with the input (empty if nothing), and the field to fix.
    QString validate(QWidget** field) const;

    KeyMode m_mode;
    QLineEdit* m_name = nullptr;
    QFormLayout* m_form = nullptr;
    QLineEdit* m_relay = nullptr;
    QLabel* m_directoryNote = nullptr;
    QLineEdit* m_passphrase = nullptr;
    QLineEdit* m_confirm = nullptr;
    QLabel* m_strength = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace ferry::ui
