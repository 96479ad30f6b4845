#pragma once

#include <QString>

class QDialog;
class QDialogButtonBox;
class QLabel;
class QWidget;

namespace ferry::ui {

/// Pieces every Ferry dialog is built from, so they look and behave alike.

/// A label that wraps its text.
QLabel* wrappedLabel(const QString& text, QWidget* parent);

/// The red line under a form that says what is wrong (objectName "errorLabel"; hidden until
/// it has something to say).
QLabel* errorLabel(QWidget* parent);

/// OK/Cancel buttons wired to the dialog's accept()/reject(), the OK button renamed to
/// `okText`, given `okObjectName` and made the default (Enter).
QDialogButtonBox* okCancelButtons(QDialog& dialog, const QString& okText,
                                  const QString& okObjectName);

} // namespace ferry::ui
