package dev.mediaqueue.gateway.system;

import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TomcatErrorConfiguration {

    /**
     * Replaces the host's error report valve. Unordered, so it runs after Spring Boot's own Tomcat
     * customizer, which adds a valve of its own; Tomcat renders errors of unmappable requests with the
     * first error report valve of the host, so there must be only ours.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemErrorReportValve() {
        return factory -> factory.addContextCustomizers(context -> useProblemErrorReports(context.getParent()));
    }

    private static void useProblemErrorReports(Container host) {
        Pipeline pipeline = host.getPipeline();
        for (Valve valve : pipeline.getValves()) {
            if (valve instanceof ErrorReportValve) {
                pipeline.removeValve(valve);
            }
        }
        pipeline.addValve(new ProblemErrorReportValve());
        if (host instanceof StandardHost standardHost) {
            // else the host adds its default valve at start, having found none of the configured class
            standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        }
    }
}
