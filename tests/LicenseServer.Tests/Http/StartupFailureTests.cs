using Glyphh.LicenseServer.Configuration;
using Glyphh.Samples.Hosting;

namespace Glyphh.LicenseServer.Tests.Http;

/// <summary>Which start-up exceptions become the one line (configuration, database, files) and which keep their trace (bugs).</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public void Describe_ConfigurationError_IsOneLineNamingTheSetting()
    {
        var line = StartupFailure.Describe(new StartupConfigurationException("LICENSE_SIGNING_DIR", "'/x' does not exist."));
        Assert.Equal("configuration error: LICENSE_SIGNING_DIR: '/x' does not exist.", line);
    }

    [Fact]
    public void Describe_WrappedConfigurationError_IsUnwrapped()
    {
        var line = StartupFailure.Describe(new AggregateException(new StartupConfigurationException("ADMIN_API_KEY_HASHES", "is empty.")));
        Assert.Equal("configuration error: ADMIN_API_KEY_HASHES: is empty.", line);
    }

    [Theory]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(ArgumentException))]
    [InlineData(typeof(NullReferenceException))]
    public void Describe_UnexpectedException_IsNull_SoItKeepsItsTrace(Type type)
    {
        var exception = (Exception)Activator.CreateInstance(type, "a bug")!;
        Assert.Null(StartupFailure.Describe(exception));
        Assert.Null(StartupFailure.Describe(new AggregateException(exception)));
    }
}
