using System.Text.Json.Serialization;

namespace Glyphh.Licensing;

/// <summary>How the product is deployed; decides whether a license is required and the default limits.</summary>
public enum DeploymentMode
{
    /// <summary>Development on one machine: no license; the limits are the host's <c>GlyphhLicensingOptions.LocalLimits</c> (Glyphh.Licensing).</summary>
    [JsonStringEnumMemberName("local")]
    Local = 0,

    /// <summary>On the customer's premises: a license is required (offline signature and/or call-home).</summary>
    [JsonStringEnumMemberName("self-hosted")]
    SelfHosted = 1,

    /// <summary>Managed by the vendor: no license check; the limits are the host's <c>GlyphhLicensingOptions.CloudLimits</c> (Glyphh.Licensing).</summary>
    [JsonStringEnumMemberName("cloud")]
    Cloud = 2,
}
