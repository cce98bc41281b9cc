namespace Glyphh.Runtime.Configuration;

/// <summary>The deployment modes of seed 000.</summary>
internal enum DeploymentMode
{
    Local,
    SelfHosted,
    Cloud,
}
