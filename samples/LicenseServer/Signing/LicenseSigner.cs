using Glyphh.LicenseServer.Licenses;

namespace Glyphh.LicenseServer.Signing;

/// <summary>Issues offline license files and signs receipts with the newest signing certificate.</summary>
internal sealed class LicenseSigner
{
    public string NewOnlineKey() => throw new NotSupportedException();

    public string IssueLicenseFile(LicenseRecord license, IReadOnlyList<string>? machines, bool callHome) => throw new NotSupportedException();
}
