using Glyphh.Health.Internal.Readiness;

namespace Glyphh.Health.Tests.Readiness;

public sealed class CheckNamesTests
{
    [Theory]
    [InlineData("database", "database")]
    [InlineData("DataDir", "data_dir")]
    [InlineData("data-dir", "data_dir")]
    [InlineData("Npgsql Main", "npgsql_main")]
    [InlineData("redis2Cache", "redis2_cache")]
    [InlineData("  --weird--  ", "weird")]
    [InlineData("ünïcode", "n_code")]
    [InlineData("!!!", "check")]
    public void ToSnakeCase_Name_GivesKey(string name, string expected) => Assert.Equal(expected, CheckNames.ToSnakeCase(name));

    [Fact]
    public void ToUniqueKeys_NamesMappingToOneKey_AreNumbered() =>
        Assert.Equal(["data_dir", "data_dir_2", "data_dir_3", "disk"], CheckNames.ToUniqueKeys(["DataDir", "data-dir", "data dir", "disk"]));
}
