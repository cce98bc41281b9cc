using System.Text;
using System.Text.Json;
using Glyphh.Licensing.Tests.Support;
using Glyphh.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.Licensing.Tests.Offline;

/// <summary>Product-defined limits and features with values: the rules, the wire form and older licenses.</summary>
public sealed class EntitlementsTests : IDisposable
{
    private static readonly TestPki Pki = new();
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(TestPki.T0.AddDays(10));

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData("projects")]
    [InlineData("max_items.per-project")]
    [InlineData("a")]
    [InlineData("0")]
    public void IsValidName_AcceptsLowercaseNames(string name) => Assert.True(LicenseEntitlements.IsValidName(name));

    [Theory]
    [InlineData("")]
    [InlineData("Projects")]
    [InlineData("pro jects")]
    [InlineData("tier:pro")]
    [InlineData("naïve")]
    [InlineData(null)]
    public void IsValidName_RefusesOtherNames(string? name) => Assert.False(LicenseEntitlements.IsValidName(name));

    [Fact]
    public void IsValidName_RefusesMoreThan64Characters()
    {
        Assert.True(LicenseEntitlements.IsValidName(new string('a', 64)));
        Assert.False(LicenseEntitlements.IsValidName(new string('a', 65)));
    }

    [Theory]
    [InlineData("sso", true)]
    [InlineData("tier:pro", true)]
    [InlineData("tier:", false)]
    [InlineData(":pro", false)]
    [InlineData("tier:pro:x", false)]
    [InlineData("tier:Pro", false)]
    public void IsValidFeature_NameOrNameColonValue(string feature, bool valid) => Assert.Equal(valid, LicenseEntitlements.IsValidFeature(feature));

    [Fact]
    public void CheckLimits_NamesTheFirstProblem()
    {
        Assert.Null(LicenseEntitlements.CheckLimits(Limits(("projects", 3), ("items", 0))));
        Assert.Contains("projects is -1", LicenseEntitlements.CheckLimits(Limits(("projects", -1))), StringComparison.Ordinal);
        Assert.Contains("'Projects'", LicenseEntitlements.CheckLimits(Limits(("Projects", 1))), StringComparison.Ordinal);
        var many = Enumerable.Range(0, LicenseEntitlements.MaxLimits + 1).Select(i => KeyValuePair.Create($"l{i}", 1L));
        Assert.Contains("at most 64 limits", LicenseEntitlements.CheckLimits(many), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckFeatures_RefusesTheSameNameTwice()
    {
        Assert.Null(LicenseEntitlements.CheckFeatures(["sso", "tier:pro"]));
        Assert.Contains("tier appears more than once", LicenseEntitlements.CheckFeatures(["tier:pro", "tier:basic"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Claims_OlderLicenseWithModelsAndNullGlyphs_ReadsAsNamesInTheMap()
    {
        var claims = Read("""{"limits":{"models":1,"glyphs":null},"features":["sso"]}""");

        Assert.Equal(1, claims.Limits["models"]);
        Assert.False(claims.Limits.ContainsKey("glyphs"));
        Assert.Null(claims.Validate());
    }

    [Fact]
    public void Claims_ProductDefinedLimits_RoundTripInNameOrder()
    {
        var claims = Read("""{"limits":{"projects":3,"items":250}}""");

        var json = Encoding.UTF8.GetString(claims.ToUtf8Json());

        Assert.Contains("\"limits\":{\"items\":250,\"projects\":3}", json, StringComparison.Ordinal);
        Assert.Equal("items=250, projects=3", claims.Limits.ToString());
    }

    [Theory]
    [InlineData("""{"limits":{"projects":1.5}}""", "not an integer")]
    [InlineData("""{"limits":{"projects":"3"}}""", "not an integer")]
    [InlineData("""{"limits":{"projects":1,"projects":2}}""", "appears twice")]
    [InlineData("""{"limits":[1]}""", "object")]
    public void Claims_MalformedLimits_AreRefusedWhileReading(string fragment, string reason)
    {
        var ex = Assert.Throws<JsonException>(() => Read(fragment));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Claims_NegativeLimitOrBadFeature_FailValidation()
    {
        Assert.Contains("must be 0 or more", Read("""{"limits":{"projects":-1},"features":[]}""").Validate(), StringComparison.Ordinal);
        Assert.Contains("feature 'Tier:Pro'", Read("""{"limits":{},"features":["Tier:Pro"]}""").Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SelfHosted_LicenseLimitsWinOverTheHostsDefaults_FeaturesCarryValues()
    {
        var license = Pki.Issuer.IssueLicense(TestPki.Claims(features: ["search", "tier:pro"]));
        await using var app = await LicensedApp.StartAsync(_time, SelfHosted(license, ("projects", 99), ("seats", 5)));

        var state = app.State.Current;
        Assert.Equal(LicenseStatus.Valid, state.Status);
        Assert.Equal(10, state.Limits.Get("projects"));
        Assert.Equal(5, state.Limits.Get("seats"));
        Assert.Null(state.Limits.Get("anything-else"));
        Assert.True(state.HasFeature("tier"));
        Assert.True(state.HasFeature("tier:pro"));
        Assert.False(state.HasFeature("tier:basic"));
        Assert.Equal("pro", state.GetFeatureValue("tier"));
        Assert.Null(state.GetFeatureValue("search"));
        Assert.True(state.HasFeature("search"));
    }

    [Fact]
    public async Task SelfHosted_WithoutAValidLicense_AllowsNothingWhateverTheDefaults()
    {
        var wrongProduct = Pki.Issuer.IssueLicense(TestPki.Claims(product: "another-product"));
        await using var app = await LicensedApp.StartAsync(_time, SelfHosted(wrongProduct, ("seats", 5)));

        var state = app.State.Current;
        Assert.Equal(LicenseStatus.Invalid, state.Status);
        Assert.True(state.Limits.AllowsNothing);
        Assert.Equal(0, state.Limits.Get("seats"));
        Assert.Equal(0, state.Limits.Get("projects"));
        Assert.False(state.HasFeature("search"));
        Assert.Null(state.GetFeatureValue("tier"));
    }

    private Action<GlyphhLicensingOptions> SelfHosted(string license, params (string Name, long Value)[] defaults) => o =>
    {
        o.Mode = DeploymentMode.SelfHosted;
        o.LicenseKey = license;
        o.RootCertificatesPem = Pki.RootPem;
        o.DataDirectory = _data.Path;
        foreach (var (name, value) in defaults)
        {
            o.SelfHostedLimits[name] = value;
        }
    };

    private static IEnumerable<KeyValuePair<string, long>> Limits(params (string Name, long Value)[] limits) => limits.Select(l => KeyValuePair.Create(l.Name, l.Value));

    private static LicenseClaims Read(string fragment)
    {
        var extra = fragment.Trim()[1..^1];
        var json = $$"""{"license_id":"l","customer":"c","product":"p","mode":"self-hosted","issued_at":"2026-01-01T00:00:00Z","not_before":"2026-01-01T00:00:00Z","expires_at":"2027-01-01T00:00:00Z","revalidate_hours":24,"grace_days":7,{{extra}}}""";
        return JsonSerializer.Deserialize(json, Glyphh.Licensing.Internal.ProtocolJsonContext.Default.LicenseClaims)!;
    }
}
