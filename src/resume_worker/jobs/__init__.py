"""Jobs: accepting and running them (the one catch), the job-level retry schedule, result
documents, exports, reembed.
"""
