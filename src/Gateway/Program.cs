using JointPunishment.Gateway.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddJointPunishmentGateway();

var app = builder.Build();
app.MapJointPunishmentGateway();
app.Run();

/// <summary>Visible to <c>WebApplicationFactory&lt;Program&gt;</c> in tests.</summary>
public partial class Program;
