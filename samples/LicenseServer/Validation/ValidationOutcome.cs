using Glyphh.LicenseServer.Licenses;

namespace Glyphh.LicenseServer.Validation;

/// <summary>The verdict and what it was reached on (the license, if one matched; the machines counted).</summary>
internal sealed record ValidationOutcome(ValidationStatus Status, LicenseRecord? License, int ActiveMachines, string? Reason = null);
