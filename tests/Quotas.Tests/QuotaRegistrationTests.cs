using Glyphh.Quotas.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Glyphh.Quotas.Tests;

public class QuotaRegistrationTests
{
    [Fact]
    public async Task AddGlyphhQuotas_Defaults_KnowNoResource()
    {
        var services = new ServiceCollection();
        services.AddGlyphhQuotas();
        using var provider = services.BuildServiceProvider();
        var quotas = provider.GetRequiredService<IQuotaService>();

        var status = await quotas.GetStatusAsync("m1");
        var exception = await Assert.ThrowsAsync<QuotaException>(() => quotas.ReserveAsync("m1", "glyphs", 1).AsTask());

        Assert.Empty(status.Limits);
        Assert.Equal(QuotaErrorCodes.UnknownResource, exception.ErrorCode);
        Assert.Contains("AddResource", exception.Message, StringComparison.Ordinal);
        Assert.Null(provider.GetRequiredService<IOptions<GlyphhQuotasOptions>>().Value.TierCapAdvice);
    }

    [Fact]
    public void AddGlyphhQuotas_CalledTwice_RegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddGlyphhQuotas();
        services.AddGlyphhQuotas();

        Assert.Single(services, d => d.ServiceType == typeof(IQuotaService));
        Assert.Single(services, d => d.ServiceType == typeof(IQuotaStore));
        Assert.Single(services, d => d.ServiceType == typeof(Microsoft.AspNetCore.Diagnostics.IExceptionHandler));
        using var provider = services.BuildServiceProvider();
        Assert.Same(provider.GetRequiredService<IQuotaService>(), provider.GetRequiredService<IQuotaService>());
    }

    [Fact]
    public async Task AddGlyphhQuotas_FromConfiguration_BindsLimitsAndUnlimited()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Glyphh:Quotas:DefaultLimits:glyphs"] = "500",
            ["Glyphh:Quotas:DefaultLimits:storage_bytes"] = "10737418240",
            ["Glyphh:Quotas:DefaultLimits:memory_bytes"] = "",
            ["Glyphh:Quotas:DefaultLimits:models"] = "unlimited",
            ["Glyphh:Quotas:WarningThreshold"] = "0.5",
            ["Glyphh:Quotas:TierCapAdvice"] = "Ask for a larger plan.",
            ["Glyphh:Quotas:MaxRequestBodyBytes"] = "1024",
            ["Glyphh:Quotas:ProblemTypeBaseUri"] = "https://example.test/errors/",
            ["Glyphh:Quotas:ReleaseQueueCapacity"] = "7",
            ["Glyphh:Quotas:MetricsNamespaceLimit"] = "9",
        }).Build();
        var services = new ServiceCollection();
        services.AddGlyphhQuotas(configuration.GetSection(GlyphhQuotasOptions.SectionName));
        using var provider = services.BuildServiceProvider();

        var status = await provider.GetRequiredService<IQuotaService>().GetStatusAsync("m1");

        Assert.Equal(QuotaLimit.Of(500), status.Limits[QuotaResources.Glyphs]);
        Assert.True(status.Limits[QuotaResources.MemoryBytes].IsUnlimited);
        Assert.True(status.Limits[QuotaResources.Models].IsUnlimited);
        Assert.Equal(QuotaLimit.Of(QuotaResources.DefaultStorageBytes), status.Limits[QuotaResources.StorageBytes]);
        var options = provider.GetRequiredService<IOptions<GlyphhQuotasOptions>>().Value;
        Assert.Equal(0.5, options.WarningThreshold);
        Assert.Equal("Ask for a larger plan.", options.TierCapAdvice);
        Assert.Equal(1024, options.MaxRequestBodyBytes);
        Assert.Equal(new Uri("https://example.test/errors/"), options.ProblemTypeBaseUri);
        Assert.Equal(7, options.ReleaseQueueCapacity);
        Assert.Equal(9, options.MetricsNamespaceLimit);
    }

    [Theory]
    [InlineData("Glyphh:Quotas:DefaultLimits:glyphs", "-1", "Glyphh:Quotas:DefaultLimits:glyphs")]
    [InlineData("Glyphh:Quotas:DefaultLimits:glyphs", "9007199254740992", "Glyphh:Quotas:DefaultLimits:glyphs")]
    [InlineData("Glyphh:Quotas:DefaultLimits:Bad-Name", "1", "Glyphh:Quotas:DefaultLimits:Bad-Name")]
    [InlineData("Glyphh:Quotas:DefaultLimits:glyphs", "lots", "Glyphh:Quotas:DefaultLimits:glyphs")]
    [InlineData("Glyphh:Quotas:WarningThreshold", "1.5", "WarningThreshold")]
    [InlineData("Glyphh:Quotas:WarningThreshold", "high", "Glyphh:Quotas:WarningThreshold")]
    [InlineData("Glyphh:Quotas:MaxRequestBodyBytes", "10", "MaxRequestBodyBytes")]
    [InlineData("Glyphh:Quotas:ProblemTypeBaseUri", "not a uri", "Glyphh:Quotas:ProblemTypeBaseUri")]
    [InlineData("Glyphh:Quotas:ReleaseQueueCapacity", "0", "ReleaseQueueCapacity")]
    [InlineData("Glyphh:Quotas:MetricsNamespaceLimit", "many", "Glyphh:Quotas:MetricsNamespaceLimit")]
    public async Task Start_InvalidSetting_FailsNamingTheKey(string key, string value, string named)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.Services.AddGlyphhQuotas(builder.Configuration.GetSection(GlyphhQuotasOptions.SectionName));
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MapGlyphhQuotas_WithoutAddGlyphhQuotas_ThrowsNamingTheFix()
    {
        var app = WebApplication.CreateBuilder().Build();

        var exception = Assert.Throws<InvalidOperationException>(() => app.MapGlyphhQuotas());

        Assert.Contains("AddGlyphhQuotas", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MapGlyphhQuotas_PatternWithoutNamespace_Throws()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddGlyphhQuotas();
        var app = builder.Build();

        Assert.Throws<ArgumentException>(() => app.MapGlyphhQuotas("/quotas"));
    }

    [Fact]
    public void AddResource_InvalidName_Throws()
    {
        var builder = new ServiceCollection().AddGlyphhQuotas();

        Assert.Throws<ArgumentException>(() => builder.AddResource("Models!", QuotaLimit.Unlimited));
    }
}
