using Glyphh.LicenseServer.Licenses;

namespace Glyphh.LicenseServer.Storage;

/// <summary>The result of a state change and the license as it now is.</summary>
internal sealed record StateChange(StateChangeResult Result, LicenseRecord? License);
