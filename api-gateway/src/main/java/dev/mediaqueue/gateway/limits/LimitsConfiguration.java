package dev.mediaqueue.gateway.limits;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.handler.MappedInterceptor;

/**
 * Which requests spend the poll budget: everything that follows jobs, and cancels (docs/decisions/0009).
 * Starts spend the start budget in the job starter, where the number of jobs is known.
 *
 * <p>A {@link MappedInterceptor} bean reaches every handler mapping, the result files' resource handler too.
 */
@Configuration(proxyBeanMethods = false)
class LimitsConfiguration {

    static final String[] POLL_PATHS = {
            "/api/job/*/status", "/api/job/*/events", "/api/job/*/cancel", "/api/jobs", "/api/job/batch/*", "/exports/**"};

    @Bean
    MappedInterceptor pollBudgetInterceptor(RateBudgets budgets, LimitMetrics metrics) {
        return new MappedInterceptor(POLL_PATHS, new PollBudgetInterceptor(budgets, metrics));
    }
}
