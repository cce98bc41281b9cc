using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Glyphh.Licensing;

/// <summary>
/// Options of Glyphh.Licensing. Bound from the <c>Glyphh:Licensing</c> section by
/// <c>AddGlyphhLicensing(IConfigurationSection)</c>; the deployment variables (<c>DEPLOYMENT_MODE</c>,
/// <c>LICENSE_KEY</c>, ...) reach the section through <c>AddGlyphhLicensingEnvironmentVariables()</c>.
/// Validated at start-up; a bad setting stops it naming the key.
/// </summary>
public sealed class GlyphhLicensingOptions
{
    /// <summary>The configuration section the options are documented under.</summary>
    public const string SectionName = "Glyphh:Licensing";

    /// <summary>The deployment mode (<c>DEPLOYMENT_MODE</c>): <c>Local</c>, <c>SelfHosted</c> or <c>Cloud</c> in the section; the variable also takes <c>self-hosted</c>.</summary>
    /// <value><see cref="DeploymentMode.Local"/>.</value>
    public DeploymentMode Mode { get; set; } = DeploymentMode.Local;

    /// <summary>
    /// The product name licenses and receipts must name, and the key of this machine's fingerprint (for example
    /// <c>acme-projects</c>). Required: start-up fails naming <c>Glyphh:Licensing:Product</c> when it is not set.
    /// </summary>
    /// <value>Empty: the host must set it.</value>
    public string Product { get; set; } = "";

    /// <summary>The product version sent when calling home.</summary>
    /// <value>The entry assembly's version, else <c>0.0.0</c>.</value>
    public string? ProductVersion { get; set; }

    /// <summary>An online key (<c>GLYPHH-XXXX-XXXX-XXXX-XXXX</c>) or an armored offline license (<c>LICENSE_KEY</c>).</summary>
    /// <value><see langword="null"/>.</value>
    public string? LicenseKey { get; set; }

    /// <summary>Path of an armored offline license file (<c>LICENSE_FILE</c>).</summary>
    /// <value><see langword="null"/>.</value>
    public string? LicenseFile { get; set; }

    /// <summary>Base URL of the license server (<c>LICENSE_SERVER_URL</c>).</summary>
    /// <value><c>https://platform.glyphh.com/</c>.</value>
    [Required]
    public Uri ServerUrl { get; set; } = new("https://platform.glyphh.com/");

    /// <summary>PEM text of the pinned vendor root certificate(s).</summary>
    /// <value><see langword="null"/>.</value>
    public string? RootCertificatesPem { get; set; }

    /// <summary>Path of a PEM file of the pinned vendor root certificate(s) (<c>LICENSE_ROOT_CERT</c>).</summary>
    /// <value><see langword="null"/>.</value>
    public string? RootCertificateFile { get; set; }

    /// <summary>Directory for the license state and the generated machine id (<c>GLYPHH_DATA_DIR</c>).</summary>
    /// <value><c>./data</c>.</value>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Raw machine id override for containers (<c>GLYPHH_MACHINE_ID</c>); only its HMAC is used.</summary>
    /// <value><see langword="null"/>: <c>/etc/machine-id</c>, <c>/var/lib/dbus/machine-id</c>, else a random id kept in the data directory.</value>
    public string? MachineId { get; set; }

    /// <summary>Grace after the last good online validation. It can shorten, never lengthen, the license's own <c>grace_days</c>.</summary>
    /// <value>7 days.</value>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Interval between online validations (with up to 10% jitter). It can shorten, never lengthen, the license's <c>revalidate_hours</c>.</summary>
    /// <value>24 hours.</value>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Delay before trying again after a failed online validation.</summary>
    /// <value>1 hour.</value>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Warning window before expiry in which the state is <see cref="LicenseStatus.Expiring"/>.</summary>
    /// <value>14 days.</value>
    public TimeSpan ExpiringWarning { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How far the clock may fall behind the highest time seen before it counts as moved back.</summary>
    /// <value>5 minutes.</value>
    public TimeSpan ClockSkewTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far a receipt's <c>server_time</c> may be from this clock before the receipt is refused.</summary>
    /// <value>15 minutes.</value>
    public TimeSpan ReceiptMaxAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// What the license health check reports while the license does not allow serving (expired, invalid); the gate answers
    /// 503 either way. <see cref="HealthStatus.Degraded"/> keeps replicas in a load balancer, so clients get the
    /// <c>license-expired</c> problem rather than connection errors; <see cref="HealthStatus.Unhealthy"/> takes them out.
    /// </summary>
    /// <value><see cref="HealthStatus.Degraded"/>.</value>
    public HealthStatus InvalidLicenseHealthStatus { get; set; } = HealthStatus.Degraded;

    /// <summary>
    /// The limits in force in local mode, by product-defined name (for example <c>projects</c> = 3); a name not
    /// listed is unlimited. Names as in <see cref="LicenseEntitlements"/>, numbers 0 or more.
    /// </summary>
    /// <value>Empty: nothing limited.</value>
    public IDictionary<string, long> LocalLimits { get; set; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>The limits in force in cloud mode, by product-defined name; a name not listed is unlimited.</summary>
    /// <value>Empty: nothing limited.</value>
    public IDictionary<string, long> CloudLimits { get; set; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>
    /// Defaults in self-hosted mode for names a valid license does not carry; the license's number wins for a
    /// name it carries. Without a valid license nothing is allowed, whatever these say.
    /// </summary>
    /// <value>Empty: a name the license does not carry is unlimited.</value>
    public IDictionary<string, long> SelfHostedLimits { get; set; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Path prefixes the request gate never blocks.</summary>
    /// <value><c>/health</c>, <c>/health/ready</c>, <c>/ready</c>, <c>/metrics</c>, <c>/license</c>.</value>
    public IList<string> ExcludedPaths { get; set; } = ["/health", "/health/ready", "/ready", "/metrics", "/license"];

    /// <summary>The base of the <c>type</c> of the problems the gate writes; the code (<see cref="LicensingErrorCodes"/>) is appended.</summary>
    /// <value><c>https://glyphh.dev/problems/</c>.</value>
    [Required]
    public Uri ProblemTypeBaseUri { get; set; } = new("https://glyphh.dev/problems/");

    /// <summary>Configuration errors found while binding (reported by validation, naming the key).</summary>
    internal List<string> BindingErrors { get; } = [];
}
