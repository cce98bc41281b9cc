using System.Text.Json.Serialization;

namespace Glyphh.Licensing;

/// <summary>The license server's answer inside a signed receipt.</summary>
public enum LicenseReceiptStatus
{
    /// <summary>The license is valid.</summary>
    [JsonStringEnumMemberName("valid")]
    Valid = 0,

    /// <summary>The license was revoked: definitive, ends any grace at once.</summary>
    [JsonStringEnumMemberName("revoked")]
    Revoked = 1,

    /// <summary>The license is suspended: definitive, ends any grace at once.</summary>
    [JsonStringEnumMemberName("suspended")]
    Suspended = 2,

    /// <summary>The license has expired: definitive.</summary>
    [JsonStringEnumMemberName("expired")]
    Expired = 3,

    /// <summary>The server does not know the key or license id: definitive.</summary>
    [JsonStringEnumMemberName("unknown")]
    Unknown = 4,

    /// <summary>The license's seat (machine) limit is reached: definitive.</summary>
    [JsonStringEnumMemberName("too_many_machines")]
    TooManyMachines = 5,
}
