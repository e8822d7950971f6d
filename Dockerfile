# Image for the `secagg` program (SecureAgg.Host, assembly name secagg): one image for the cluster server, the client
# nodes and the journal report. See docker-compose.yml for how the services use it.
#   docker build -t secagg:latest .
#   docker run --rm secagg:latest --help

# ---- build ----------------------------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORKDIR /src

# Restore from the project files alone, so the restore layer stays cached until a project or package version changes
# (central package management: versions live in Directory.Packages.props; Directory.Build.props sets net10.0).
# Only SecureAgg.Host and what it references (SecureAgg.Actors); tests and benchmarks are not part of the image.
COPY Directory.Build.props Directory.Packages.props ./
COPY SecureAgg.Actors/SecureAgg.Actors.csproj SecureAgg.Actors/
COPY SecureAgg.Host/SecureAgg.Host.csproj SecureAgg.Host/
RUN dotnet restore SecureAgg.Host/SecureAgg.Host.csproj

COPY SecureAgg.Actors/ SecureAgg.Actors/
COPY SecureAgg.Host/ SecureAgg.Host/
# Framework-dependent and portable (no -r): the runtime stage supplies .NET, and native assets of the packages
# (SkiaSharp for ScottPlot, SQLite) are published for every RID under runtimes/.
RUN dotnet publish SecureAgg.Host/SecureAgg.Host.csproj -c Release -o /app --no-restore

# ---- run ------------------------------------------------------------------------------------------------------------
# runtime, not aspnet: the program is a console app. The default 10.0 tag is Ubuntu 24.04; it has bash and hostname,
# which the compose healthchecks and the client entrypoint use.
FROM mcr.microsoft.com/dotnet/runtime:10.0
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORKDIR /app
COPY --from=build /app ./
# Config files are read at run time from the working directory (--config hocon/server.hocon -> /app/hocon/...).
COPY hocon/ hocon/
# Runs as root so that a bind-mounted output directory created by the Docker daemon (/out) is writable.
# Akka.Remote port of the server node (seed node); client nodes use 4054 by default, each on its own container IP.
EXPOSE 4053
ENTRYPOINT ["dotnet", "/app/secagg.dll"]
